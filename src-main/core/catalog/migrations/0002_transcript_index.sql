-- Search by what was said (issue 14). Every transcript file the catalog knows (a master.json, an
-- attached .srt/.vtt) has one transcript_sources row, written in the same transaction as its file
-- row, and one transcript_segments row per segment. Two contentless FTS5 indexes point at the
-- segments by rowid: words (unicode61, diacritics folded: Latin and Cyrillic) and, for segments
-- that hold CJK text, trigrams (CJK has no spaces, so substrings must match). The indexed text is
-- folded by the code (NFKC, ё -> е), so the tables hold no second copy of it. Deleting a file row
-- or a recording cascades to the segments, and a trigger takes them out of both indexes.
CREATE TABLE `transcript_sources` (
	`file_id` integer PRIMARY KEY NOT NULL,
	`recording_id` integer NOT NULL,
	`hash` text NOT NULL,
	`origin` text NOT NULL,
	`engine` text,
	`model` text,
	`language` text,
	`segments` integer DEFAULT 0 NOT NULL,
	`words` integer DEFAULT 0 NOT NULL,
	`problem` text,
	`indexed_at` integer NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recording_id`) REFERENCES `recordings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `transcript_sources_recording` ON `transcript_sources` (`recording_id`);
--> statement-breakpoint
CREATE TABLE `transcript_segments` (
	`id` integer PRIMARY KEY NOT NULL,
	`file_id` integer NOT NULL,
	`recording_id` integer NOT NULL,
	`start` real NOT NULL,
	`end` real NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `transcript_sources`(`file_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `transcript_segments_file` ON `transcript_segments` (`file_id`);
--> statement-breakpoint
CREATE INDEX `transcript_segments_recording` ON `transcript_segments` (`recording_id`, `start`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `transcript_words` USING fts5(`text`, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `transcript_cjk` USING fts5(`text`, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `transcript_segments_gone` AFTER DELETE ON `transcript_segments` BEGIN
	DELETE FROM `transcript_words` WHERE rowid = old.`id`;
	DELETE FROM `transcript_cjk` WHERE rowid = old.`id`;
END;
