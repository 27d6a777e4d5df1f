-- The Recordings search box over 100,000 recordings (issue 13): LIKE '%word%' reads every row to
-- find and count the hits. This contentless FTS5 index by trigrams (substrings of 3 characters or
-- more) holds each recording's folded name and description (search_key, description_key), so the
-- list asks it for candidates and then checks those with the same LIKEs as before: the results do
-- not change. Tags stay out of it (a tag change would rewrite the recording's row in the index,
-- flushing FTS5's buffer per tag); their table is small and read once per search. Triggers keep
-- the index in step with every write of those columns, whoever writes them. A killed upgrade
-- leaves nothing behind: the migrations run in one transaction.
CREATE VIRTUAL TABLE `recordings_fts` USING fts5(`name`, `description`, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
INSERT INTO `recordings_fts` (rowid, `name`, `description`) SELECT `id`, `search_key`, `description_key` FROM `recordings`;
--> statement-breakpoint
CREATE TRIGGER `recordings_fts_insert` AFTER INSERT ON `recordings` BEGIN
	INSERT INTO `recordings_fts` (rowid, `name`, `description`) VALUES (new.`id`, new.`search_key`, new.`description_key`);
END;
--> statement-breakpoint
CREATE TRIGGER `recordings_fts_update` AFTER UPDATE OF `id`, `search_key`, `description_key` ON `recordings` BEGIN
	DELETE FROM `recordings_fts` WHERE rowid = old.`id`;
	INSERT INTO `recordings_fts` (rowid, `name`, `description`) VALUES (new.`id`, new.`search_key`, new.`description_key`);
END;
--> statement-breakpoint
CREATE TRIGGER `recordings_fts_delete` AFTER DELETE ON `recordings` BEGIN
	DELETE FROM `recordings_fts` WHERE rowid = old.`id`;
END;
