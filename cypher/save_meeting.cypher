// name: save_meeting
// description: Keep one meeting of a dataset lineage: its day and the run its pack showed (a pack for the day replaces a review's record of it, never the reverse).
// access: internal
// param lineage: string — the dataset lineage
// param held_on: date — the meeting's day
// param run_id: string — the run the meeting saw
// param made_at: string — when it was kept (ISO date-time, UTC)
// param how: string — pack or review
// returns: lineage, held_on, run_id, made_at, how
MERGE (m:Meeting {lineage: $lineage, held_on: $held_on})
ON CREATE SET m.run_id = $run_id, m.made_at = $made_at, m.how = $how
WITH m, (m.how = 'pack' AND $how <> 'pack') AS kept
SET m.run_id = CASE WHEN kept THEN m.run_id ELSE $run_id END,
    m.made_at = CASE WHEN kept THEN m.made_at ELSE $made_at END,
    m.how = CASE WHEN kept THEN m.how ELSE $how END
RETURN m.lineage AS lineage, m.held_on AS held_on, m.run_id AS run_id, m.made_at AS made_at, m.how AS how
