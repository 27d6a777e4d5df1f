-- The words of the word index, one row each: prefix search expands the last word of a query from
-- this B-tree range instead of FTS5's `"word"*`, which merges the postings of every completion
-- before its first row (seconds at 10,000 hours). Filled from the index itself, so it holds
-- exactly FTS5's tokens; new transcripts add theirs in the transaction that indexes them.
CREATE TABLE `transcript_terms` (
	`term` text PRIMARY KEY NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE VIRTUAL TABLE temp.`transcript_terms_0006` USING fts5vocab(main, 'transcript_words', 'row');
--> statement-breakpoint
INSERT OR IGNORE INTO `transcript_terms` (`term`) SELECT `term` FROM temp.`transcript_terms_0006`;
--> statement-breakpoint
DROP TABLE temp.`transcript_terms_0006`;
