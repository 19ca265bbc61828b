CREATE TABLE `lti_deployments` (
	`platform_id` text NOT NULL,
	`deployment_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lti_deployments_platform_deployment` ON `lti_deployments` (`platform_id`,`deployment_id`);--> statement-breakpoint
CREATE TABLE `lti_keys` (
	`id` integer PRIMARY KEY NOT NULL,
	`kid` text NOT NULL,
	`private_key` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lti_launches` (
	`handle_hash` text PRIMARY KEY NOT NULL,
	`platform_id` text NOT NULL,
	`deployment_id` text NOT NULL,
	`kind` text NOT NULL,
	`user_id` text NOT NULL,
	`name` text,
	`course_id` text NOT NULL,
	`course_title` text,
	`role` text NOT NULL,
	`deep_link_return_url` text,
	`deep_link_data` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lti_platforms` (
	`id` text PRIMARY KEY NOT NULL,
	`issuer` text NOT NULL,
	`client_id` text NOT NULL,
	`auth_url` text NOT NULL,
	`token_url` text NOT NULL,
	`jwks_url` text NOT NULL,
	`product` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lti_platforms_issuer_client` ON `lti_platforms` (`issuer`,`client_id`);--> statement-breakpoint
CREATE TABLE `lti_states` (
	`state` text PRIMARY KEY NOT NULL,
	`nonce` text NOT NULL,
	`platform_id` text NOT NULL,
	`expires_at` text NOT NULL
);
