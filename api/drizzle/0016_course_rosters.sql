CREATE TABLE `course_roster_members` (
	`course_id` text NOT NULL,
	`user_id` text NOT NULL,
	`sort_key` text NOT NULL,
	`name` text,
	`email` text,
	`role` text NOT NULL,
	PRIMARY KEY(`course_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `course_roster_members_by_name` ON `course_roster_members` (`course_id`,`sort_key`,`user_id`);--> statement-breakpoint
CREATE TABLE `course_rosters` (
	`course_id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`attempted_at` text NOT NULL,
	`read_at` text,
	`claim` text,
	`claim_until` text,
	`op` text
);
--> statement-breakpoint
CREATE INDEX `requests_course_student` ON `session_requests` (`course_id`,`student_id`,`status`,`attended`,`starts_at`);