ALTER TABLE `session_requests` ADD `reason_code` text;--> statement-breakpoint
UPDATE `session_requests` SET `reason_code` = 'moved' WHERE `replaced_by` IS NOT NULL AND `cancellation_reason` = 'Moved to another time.';--> statement-breakpoint
UPDATE `session_requests` SET `reason_code` = 'another_booked' WHERE `status` = 'rejected' AND `rejection_reason` = 'Another student was booked for this time.';--> statement-breakpoint
UPDATE `session_requests` SET `reason_code` = 'slot_removed' WHERE `status` = 'rejected' AND `rejection_reason` = 'The educator removed this time slot.';
