ALTER TABLE `slots` ADD `series_id` text;--> statement-breakpoint
ALTER TABLE `slots` ADD `instant` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `slots` ADD `meeting_link` text;--> statement-breakpoint
CREATE INDEX `slots_series` ON `slots` (`series_id`) WHERE series_id IS NOT NULL;