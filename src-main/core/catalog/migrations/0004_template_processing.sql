-- A template's processing settings (issue 16): JSON of TemplateProcessing; '{}' = every setting is the library's.
ALTER TABLE `templates` ADD `processing` text DEFAULT '{}' NOT NULL;
