-- Events carry the resource as it was when they happened; older events get it as it reads at this upgrade.
ALTER TABLE `outbox` ADD `payload` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `requested_by` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
UPDATE `outbox` SET `payload` = coalesce((SELECT json_object(
	'id', r.id, 'slotId', r.slot_id, 'courseId', r.course_id, 'courseTitle', r.course_title,
	'educatorId', r.educator_id, 'educatorName', r.educator_name, 'studentId', r.student_id, 'studentName', r.student_name,
	'startsAt', r.starts_at, 'endsAt', r.ends_at, 'message', r.message,
	'status', CASE WHEN r.status = 'approved' AND r.ends_at <= outbox.created_at THEN 'completed'
		WHEN r.status = 'pending' AND r.starts_at <= outbox.created_at THEN 'rejected' ELSE r.status END,
	'meetingLink', r.meeting_link, 'rejectionReason', r.rejection_reason, 'cancellationReason', r.cancellation_reason,
	'cancelledBy', r.cancelled_by, 'createdAt', r.created_at, 'updatedAt', r.updated_at, 'decidedAt', r.decided_at)
	FROM `session_requests` AS r WHERE r.id = outbox.request_id), '{}')
WHERE `request_id` IS NOT NULL;--> statement-breakpoint
UPDATE `outbox` SET `payload` = coalesce((SELECT json_object(
	'id', s.id, 'courseId', s.course_id, 'courseTitle', s.course_title, 'educatorId', s.educator_id,
	'educatorName', s.educator_name, 'startsAt', s.starts_at, 'endsAt', s.ends_at, 'note', s.note,
	'status', CASE WHEN EXISTS (SELECT 1 FROM `session_requests` AS b WHERE b.slot_id = s.id AND b.status = 'approved') THEN 'booked'
		WHEN s.starts_at <= outbox.created_at THEN 'past' ELSE 'open' END,
	'createdAt', s.created_at, 'updatedAt', s.updated_at,
	'pendingCount', (SELECT count(*) FROM `session_requests` AS p WHERE p.slot_id = s.id AND p.status = 'pending' AND p.starts_at > outbox.created_at))
	FROM `slots` AS s WHERE s.id = outbox.slot_id), '{}')
WHERE `request_id` IS NULL;
