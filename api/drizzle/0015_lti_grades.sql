CREATE TABLE `lti_grade_posts` (
	`course_id` text NOT NULL,
	`student_id` text NOT NULL,
	`mark` integer NOT NULL,
	`sent_mark` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`lease_owner` text,
	`lease_until` text,
	`last_error` text,
	`op` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`course_id`, `student_id`)
);
--> statement-breakpoint
CREATE INDEX `lti_grade_posts_due` ON `lti_grade_posts` (`next_attempt_at`) WHERE mark > sent_mark;--> statement-breakpoint
CREATE TABLE `lti_line_items` (
	`course_id` text PRIMARY KEY NOT NULL,
	`url` text,
	`score_maximum` integer,
	`lease_owner` text,
	`lease_until` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `course_policies` ADD `attendance_goal` integer;--> statement-breakpoint
ALTER TABLE `session_requests` ADD `grade_mark` integer;