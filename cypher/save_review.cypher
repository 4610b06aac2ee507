// name: save_review
// description: Keep one meeting decision about a group; reviews are only ever added, never changed.
// access: internal
// param review_id: string — the review's id
// param group_id: string — the group it is about
// param recorded_at: string — when it was kept (ISO date-time, UTC)
// param review: string — the whole review, as JSON
// returns: review_id
CREATE (r:GroupReview {id: $review_id, group_id: $group_id, recorded_at: $recorded_at, review: $review})
RETURN r.id AS review_id
