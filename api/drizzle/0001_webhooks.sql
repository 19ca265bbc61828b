CREATE TABLE `webhook_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`delivered_up_to` integer NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` text,
	`lease_owner` text,
	`lease_until` text,
	`last_error` text
);
