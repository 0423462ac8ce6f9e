-- 0002 (expand): remember when an item last changed. The column has a default, so a replica still
-- running the previous release (which neither reads nor writes it) keeps working unchanged.
ALTER TABLE catalog_items ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
