CREATE TABLE `calendar_feeds` (
	`user_id` text PRIMARY KEY NOT NULL,
	`nonce` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_secret_hash` ON `calendar_feeds` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `requests_student_calendar` ON `session_requests` (`student_id`,`starts_at`,`id`) WHERE status = 'approved' OR (status = 'cancelled' AND meeting_link IS NOT NULL);--> statement-breakpoint
CREATE INDEX `requests_educator_calendar` ON `session_requests` (`educator_id`,`starts_at`,`id`) WHERE status = 'approved' OR (status = 'cancelled' AND meeting_link IS NOT NULL);