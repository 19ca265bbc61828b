ALTER TABLE `session_requests` ADD `replaces` text;--> statement-breakpoint
ALTER TABLE `session_requests` ADD `replaced_by` text;--> statement-breakpoint
CREATE UNIQUE INDEX `requests_one_pending_move` ON `session_requests` (`replaces`) WHERE status = 'pending' AND replaces IS NOT NULL;