DROP INDEX `slots_educator_start`;--> statement-breakpoint
DROP INDEX `slots_educator_course_start`;--> statement-breakpoint
CREATE INDEX `slots_educator_start_end` ON `slots` (`educator_id`,`starts_at`,`id`,`ends_at`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `slots_educator_course_start_end` ON `slots` (`educator_id`,`course_id`,`starts_at`,`id`,`ends_at`) WHERE deleted_at IS NULL;