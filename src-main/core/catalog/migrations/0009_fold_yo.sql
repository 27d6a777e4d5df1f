-- The Recordings search box folds the Cyrillic yo (U+0451) to ye (U+0435), as the search by what
-- was said already does: Russian writes a word either way, and a person typing one spelling must
-- find the other. searchKeyOf folds every key written from now on; this folds the stored ones once
-- (char(1105) is yo, char(1077) ye: the SQL stays ASCII). The name and description keys are
-- rewritten in place (the recordings_fts triggers update the index with them). Tag keys are a
-- recording's tag identity: two tags of one recording that now fold to the same key become one,
-- the one added first, before the keys are rewritten. The migrations run in one transaction: a
-- killed upgrade leaves the catalog as it was.
UPDATE `recordings` SET `search_key` = replace(`search_key`, char(1105), char(1077)) WHERE instr(`search_key`, char(1105)) > 0;
--> statement-breakpoint
UPDATE `recordings` SET `description_key` = replace(`description_key`, char(1105), char(1077)) WHERE instr(`description_key`, char(1105)) > 0;
--> statement-breakpoint
DELETE FROM `recording_tags` WHERE rowid NOT IN (SELECT min(rowid) FROM `recording_tags` GROUP BY `recording_id`, replace(`tag_key`, char(1105), char(1077)));
--> statement-breakpoint
UPDATE `recording_tags` SET `tag_key` = replace(`tag_key`, char(1105), char(1077)) WHERE instr(`tag_key`, char(1105)) > 0;
