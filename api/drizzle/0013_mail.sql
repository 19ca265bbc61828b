CREATE TABLE `mail_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`resource_id` text NOT NULL,
	`recipient_id` text NOT NULL,
	`role` text NOT NULL,
	`payload` text,
	`lead_minutes` integer,
	`status` text NOT NULL,
	`due_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_owner` text,
	`lease_until` text,
	`sent_at` text,
	`last_error` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_deliveries_key` ON `mail_deliveries` (`key`);--> statement-breakpoint
CREATE INDEX `mail_deliveries_due` ON `mail_deliveries` (`due_at`) WHERE status = 'queued';--> statement-breakpoint
CREATE TABLE `mail_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`planned_up_to` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_contacts` (
	`user_id` text PRIMARY KEY NOT NULL,
	`email` text,
	`locale` text,
	`time_zone` text,
	`name` text,
	`email_enabled` integer DEFAULT true NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `session_requests` ADD `expiry_recorded_at` text;--> statement-breakpoint
CREATE INDEX `requests_expiry_unrecorded` ON `session_requests` (`starts_at`) WHERE status = 'pending' AND expiry_recorded_at IS NULL;--> statement-breakpoint
-- Requests that expired before the sweep existed are not announced now: they count as recorded.
UPDATE `session_requests` SET `expiry_recorded_at` = `starts_at` WHERE `status` = 'pending' AND `starts_at` <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
