-- The Recordings search box folds ё to е, as the search by what was said already does: Russian
-- writes both («ёлка», «елка»), and a person typing one must find the other. searchKeyOf folds
-- every key written from now on; this folds the stored ones once. The name and description keys
-- are rewritten in place (the recordings_fts triggers update the index with them). Tag keys are a
-- recording's tag identity: two tags of one recording that now fold to the same key («Ёлка»,
-- «елка») become one, the one added first, before the keys are rewritten. The migrations run in
-- one transaction: a killed upgrade leaves the catalog as it was.
UPDATE `recordings` SET `search_key` = replace(`search_key`, 'ё', 'е') WHERE instr(`search_key`, 'ё') > 0;
--> statement-breakpoint
UPDATE `recordings` SET `description_key` = replace(`description_key`, 'ё', 'е') WHERE instr(`description_key`, 'ё') > 0;
--> statement-breakpoint
DELETE FROM `recording_tags` WHERE rowid NOT IN (SELECT min(rowid) FROM `recording_tags` GROUP BY `recording_id`, replace(`tag_key`, 'ё', 'е'));
--> statement-breakpoint
UPDATE `recording_tags` SET `tag_key` = replace(`tag_key`, 'ё', 'е') WHERE instr(`tag_key`, 'ё') > 0;
