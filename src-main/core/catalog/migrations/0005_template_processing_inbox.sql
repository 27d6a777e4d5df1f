-- Watched inbox folders and what each has handled (issue 16), and a template's processing settings
-- (JSON of TemplateProcessing; '{}' = every setting is the library's).
CREATE TABLE `inbox_folders` (
	`id` integer PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`move` integer DEFAULT false NOT NULL,
	`profile_id` integer NOT NULL,
	`process` integer DEFAULT false NOT NULL,
	`transcribe` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_folders_path_unique` ON `inbox_folders` (`path`);--> statement-breakpoint
CREATE TABLE `inbox_seen` (
	`id` integer PRIMARY KEY NOT NULL,
	`folder_id` integer NOT NULL,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`mtime_ms` integer NOT NULL,
	`outcome` text NOT NULL,
	`recording_ids` text DEFAULT '[]' NOT NULL,
	`reason` text,
	`seen_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`folder_id`) REFERENCES `inbox_folders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_seen_entry` ON `inbox_seen` (`folder_id`,`name`);--> statement-breakpoint
ALTER TABLE `templates` ADD `processing` text DEFAULT '{}' NOT NULL;