-- Up Migration

-- Query handlers cache whole answers keyed on these numbers: while neither
-- moves, the rows behind an answer cannot have changed. Every batch a live
-- projection writes gives the tenants it touched a new version; a rebuild's
-- swap gives the projection a new generation, which covers every tenant at
-- once. Both come from one sequence, so a number is never reused.
CREATE SEQUENCE read_model_version_seq;

CREATE TABLE read_model_versions (
  tenant_id uuid NOT NULL,
  projection text NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (tenant_id, projection)
);
SELECT protect_read_model('read_model_versions');

CREATE TABLE read_model_generations (
  projection text PRIMARY KEY,
  generation bigint NOT NULL
);
-- No tenant data: a number per projection that moves when it is rebuilt.
GRANT SELECT ON read_model_generations TO analytics_reader;

-- Down Migration
DROP TABLE read_model_generations;
DROP TABLE read_model_versions;
DROP SEQUENCE read_model_version_seq;
