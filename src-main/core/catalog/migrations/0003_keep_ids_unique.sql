-- A recording's id is never given twice (its folder, audit entries and tombstone carry it). SQLite
-- gives max(id) + 1 to a new row, so the id of a deleted last row came back. retired_ids keeps the
-- highest id a deleted recording had; nextRecordingId() starts above it. Seeded from what a
-- catalog remembers of recordings it no longer holds (tombstones, audit entries, jobs).
CREATE TABLE `retired_ids` (
	`name` text PRIMARY KEY NOT NULL,
	`highest` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `retired_ids` (`name`, `highest`)
SELECT 'recordings', MAX(m) FROM (
	SELECT MAX(`recording_id`) AS m FROM `tombstones`
	UNION ALL SELECT MAX(`recording_id`) FROM `audit_log`
	UNION ALL SELECT MAX(`recording_id`) FROM `jobs`
	UNION ALL SELECT MAX(`id`) FROM `recordings`
) WHERE m IS NOT NULL HAVING MAX(m) IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `recordings_retire_id` AFTER DELETE ON `recordings`
BEGIN
	INSERT INTO `retired_ids` (`name`, `highest`) VALUES ('recordings', OLD.`id`)
	ON CONFLICT (`name`) DO UPDATE SET `highest` = MAX(`highest`, excluded.`highest`);
END;
