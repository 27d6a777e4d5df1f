CREATE INDEX `files_kind_size` ON `files` (`kind`,`size`);--> statement-breakpoint
CREATE INDEX `tombstones_size` ON `tombstones` (`size`);