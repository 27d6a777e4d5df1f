CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`action` text NOT NULL,
	`reason` text NOT NULL,
	`rel_path` text,
	`recording_id` integer,
	`bytes` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `files` (
	`id` integer PRIMARY KEY NOT NULL,
	`recording_id` integer,
	`profile_id` integer NOT NULL,
	`kind` text NOT NULL,
	`rel_path` text NOT NULL,
	`size` integer NOT NULL,
	`mtime_ms` integer NOT NULL,
	`inode` integer,
	`hash` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`recording_id`) REFERENCES `recordings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_rel_path` ON `files` (`rel_path`);--> statement-breakpoint
CREATE INDEX `files_recording` ON `files` (`recording_id`);--> statement-breakpoint
CREATE INDEX `files_hash` ON `files` (`hash`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`recording_id` integer,
	`state` text DEFAULT 'queued' NOT NULL,
	`stages` text DEFAULT '{}' NOT NULL,
	`summary` text DEFAULT '{}' NOT NULL,
	`error` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `jobs_state` ON `jobs` (`state`);--> statement-breakpoint
CREATE INDEX `jobs_recording` ON `jobs` (`recording_id`);--> statement-breakpoint
CREATE TABLE `journal` (
	`id` integer PRIMARY KEY NOT NULL,
	`op` text NOT NULL,
	`run_id` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`step` text DEFAULT 'start' NOT NULL,
	`payload` text NOT NULL,
	`error` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `journal_state` ON `journal` (`state`);--> statement-breakpoint
CREATE INDEX `journal_run` ON `journal` (`run_id`);--> statement-breakpoint
CREATE TABLE `migration_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`media_dir` text NOT NULL,
	`state` text NOT NULL,
	`plan` text NOT NULL,
	`report` text,
	`started_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `profiles` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`quota_bytes` integer,
	`retention_days` integer,
	`expire_after_days` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `recordings` (
	`id` integer PRIMARY KEY NOT NULL,
	`profile_id` integer NOT NULL,
	`display_name` text NOT NULL,
	`search_key` text NOT NULL,
	`start_time` integer NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'importing' NOT NULL,
	`previous_status` text,
	`status_reason` text,
	`template_id` integer,
	`template_manual` integer DEFAULT false NOT NULL,
	`media` text,
	`size_bytes` integer DEFAULT 0 NOT NULL,
	`kept_start_ms` integer,
	`kept_end_ms` integer,
	`legacy_id` integer,
	`expire_at` integer,
	`trashed_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`template_id`) REFERENCES `templates`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `recordings_profile_status` ON `recordings` (`profile_id`,`status`);--> statement-breakpoint
CREATE INDEX `recordings_profile_template` ON `recordings` (`profile_id`,`template_id`);--> statement-breakpoint
CREATE INDEX `recordings_start` ON `recordings` (`start_time`);--> statement-breakpoint
CREATE INDEX `recordings_search` ON `recordings` (`search_key`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `templates` (
	`id` integer PRIMARY KEY NOT NULL,
	`profile_id` integer,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`rules` text DEFAULT '{}' NOT NULL,
	`thumbnail` text,
	`thumbnail_scope` text DEFAULT 'shared' NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `templates_profile_position` ON `templates` (`profile_id`,`position`);--> statement-breakpoint
CREATE TABLE `tombstones` (
	`id` integer PRIMARY KEY NOT NULL,
	`profile_id` integer NOT NULL,
	`recording_id` integer NOT NULL,
	`display_name` text NOT NULL,
	`size` integer NOT NULL,
	`hash` text NOT NULL,
	`deleted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tombstones_hash` ON `tombstones` (`hash`);--> statement-breakpoint
CREATE TABLE `usage` (
	`profile_id` integer NOT NULL,
	`kind` text NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`files` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`profile_id`, `kind`),
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
