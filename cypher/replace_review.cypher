// name: replace_review
// description: Rewrite one kept review without an erased person (erasure is the only change a review ever gets).
// access: internal
// param review_id: string — the review's id
// param review: string — the review without the erased ids, as JSON
// returns: review_id
MATCH (r:GroupReview {id: $review_id})
SET r.review = $review
RETURN r.id AS review_id
