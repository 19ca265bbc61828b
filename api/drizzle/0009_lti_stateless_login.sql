CREATE TABLE `lti_nonces` (
	`nonce` text PRIMARY KEY NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lti_nonces_expires_at` ON `lti_nonces` (`expires_at`);--> statement-breakpoint
DROP TABLE `lti_states`;