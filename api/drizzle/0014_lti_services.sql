CREATE TABLE `lti_course_services` (
	`course_id` text PRIMARY KEY NOT NULL,
	`platform_id` text NOT NULL,
	`memberships_url` text,
	`line_items_url` text,
	`line_item_url` text,
	`ags_scopes` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lti_users` (
	`user_id` text PRIMARY KEY NOT NULL,
	`platform_id` text NOT NULL,
	`sub` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `lti_platforms` ADD `auth_server` text;