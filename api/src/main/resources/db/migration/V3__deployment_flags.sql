-- feature-flag: the flag values a pipeline recorded with a deployment ({"new-checkout": true}),
-- which a feature-flag rollback to that version restores when the request names none.
ALTER TABLE deployments ADD COLUMN flags JSONB;
