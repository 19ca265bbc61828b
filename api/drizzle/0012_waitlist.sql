CREATE TABLE `slot_openings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`change` text NOT NULL,
	`slot_id` text NOT NULL,
	`course_id` text NOT NULL,
	`starts_at` text NOT NULL,
	`previous_starts_at` text,
	`created_at` text NOT NULL,
	`announced_up_to` text DEFAULT '' NOT NULL,
	`announced` integer DEFAULT false NOT NULL,
	`claim` text
);
--> statement-breakpoint
CREATE INDEX `slot_openings_change_start` ON `slot_openings` (`change`,`starts_at`);--> statement-breakpoint
CREATE TABLE `waitlist_entries` (
	`course_id` text NOT NULL,
	`student_id` text NOT NULL,
	`window_from` text NOT NULL,
	`window_to` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`notified_at` text,
	`emailed_at` text,
	PRIMARY KEY(`course_id`, `student_id`)
);
--> statement-breakpoint
CREATE INDEX `waitlist_window_to` ON `waitlist_entries` (`window_to`);