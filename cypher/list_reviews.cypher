// name: list_reviews
// description: Every meeting decision kept in the database, in the order they were kept.
// access: internal
// returns: review_id, recorded_at, review
MATCH (r:GroupReview)
RETURN r.id AS review_id, r.recorded_at AS recorded_at, r.review AS review
ORDER BY recorded_at, review_id
