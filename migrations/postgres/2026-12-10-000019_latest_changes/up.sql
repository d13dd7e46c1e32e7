-- The home page's newest public changes to ties (`Revision::latest_on_ties`): without this, the
-- newest rows by date are walked and filtered one by one, past every draft and generated row.
CREATE INDEX revisions_latest_public_idx ON revisions (changed_at DESC, id DESC)
    WHERE tie_id IS NOT NULL AND action IN ('import', 'publish', 'correct');
