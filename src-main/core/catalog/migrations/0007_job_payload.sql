-- What each job was started with (JSON, checked against its kind's schema in src-shared/job-kinds):
-- an interrupted or failed job is started again from it through one path, whatever its kind.
-- Jobs written before this have none and cannot be started again that way.
ALTER TABLE `jobs` ADD `payload` text;
