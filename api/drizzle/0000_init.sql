CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`slot_id` text NOT NULL,
	`request_id` text,
	`course_id` text NOT NULL,
	`educator_id` text NOT NULL,
	`student_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `session_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`slot_id` text NOT NULL,
	`course_id` text NOT NULL,
	`course_title` text,
	`educator_id` text NOT NULL,
	`educator_name` text,
	`student_id` text NOT NULL,
	`student_name` text,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`message` text,
	`status` text NOT NULL,
	`meeting_link` text,
	`rejection_reason` text,
	`cancellation_reason` text,
	`cancelled_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`decided_at` text,
	`op` text NOT NULL,
	FOREIGN KEY (`slot_id`) REFERENCES `slots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `requests_student_created` ON `session_requests` (`student_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `requests_student_course_status` ON `session_requests` (`student_id`,`course_id`,`status`);--> statement-breakpoint
CREATE INDEX `requests_educator_start` ON `session_requests` (`educator_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `requests_slot_status` ON `session_requests` (`slot_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `requests_one_approved_per_slot` ON `session_requests` (`slot_id`) WHERE status = 'approved';--> statement-breakpoint
CREATE UNIQUE INDEX `requests_one_active_per_student_slot` ON `session_requests` (`slot_id`,`student_id`) WHERE status IN ('pending', 'approved');--> statement-breakpoint
CREATE TABLE `slots` (
	`id` text PRIMARY KEY NOT NULL,
	`course_id` text NOT NULL,
	`course_title` text,
	`educator_id` text NOT NULL,
	`educator_name` text,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`op` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `slots_course_start` ON `slots` (`course_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `slots_educator_start` ON `slots` (`educator_id`,`starts_at`);