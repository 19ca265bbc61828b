CREATE TABLE `course_policies` (
	`course_id` text PRIMARY KEY NOT NULL,
	`min_notice_minutes` integer,
	`max_days_ahead` integer,
	`cancel_notice_minutes` integer,
	`max_pending_per_student` integer,
	`max_upcoming_per_student` integer,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
