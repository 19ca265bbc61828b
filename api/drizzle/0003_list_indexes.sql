DROP INDEX `requests_student_created`;--> statement-breakpoint
DROP INDEX `requests_educator_start`;--> statement-breakpoint
CREATE INDEX `requests_student_status_created` ON `session_requests` (`student_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_educator_status_start` ON `session_requests` (`educator_id`,`status`,`starts_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_educator_course_start` ON `session_requests` (`educator_id`,`course_id`,`starts_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_educator_course_status_start` ON `session_requests` (`educator_id`,`course_id`,`status`,`starts_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_student_created` ON `session_requests` (`student_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_educator_start` ON `session_requests` (`educator_id`,`starts_at`,`id`);--> statement-breakpoint
DROP INDEX `slots_course_start`;--> statement-breakpoint
DROP INDEX `slots_educator_start`;--> statement-breakpoint
CREATE INDEX `slots_educator_course_start` ON `slots` (`educator_id`,`course_id`,`starts_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `slots_course_start` ON `slots` (`course_id`,`starts_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `slots_educator_start` ON `slots` (`educator_id`,`starts_at`,`id`) WHERE deleted_at IS NULL;