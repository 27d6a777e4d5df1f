-- Metadata people add (issue 16): a description per recording (with its case-folded copy for search)
-- and tags in their own table, one per recording and case-folded key, indexed for search.
CREATE TABLE `recording_tags` (
	`recording_id` integer NOT NULL,
	`tag` text NOT NULL,
	`tag_key` text NOT NULL,
	PRIMARY KEY(`recording_id`, `tag_key`),
	FOREIGN KEY (`recording_id`) REFERENCES `recordings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recording_tags_key` ON `recording_tags` (`tag_key`);--> statement-breakpoint
ALTER TABLE `recordings` ADD `description` text;--> statement-breakpoint
ALTER TABLE `recordings` ADD `description_key` text;