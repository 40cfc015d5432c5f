CREATE TABLE "payment_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"channel_id" text NOT NULL,
	"order_id" uuid,
	"attempt_id" uuid,
	"amount" integer,
	"error" text,
	"paused_until" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_channels" ADD COLUMN "weight" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_channels" ADD COLUMN "daily_limit" integer;--> statement-breakpoint
ALTER TABLE "payment_channels" ADD COLUMN "auto_pause_after" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_channels" ADD COLUMN "cooldown_seconds" integer DEFAULT 300 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_channels" ADD COLUMN "consecutive_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_channels" ADD COLUMN "paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_channels" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "payment_channels" ADD COLUMN "last_failure_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "payment_incidents_created_idx" ON "payment_incidents" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "payment_incidents_open_idx" ON "payment_incidents" USING btree ("channel_id") WHERE resolved_at IS NULL;--> statement-breakpoint
CREATE INDEX "payment_attempts_channel_paid_idx" ON "payment_attempts" USING btree ("channel_id","paid_at") WHERE status = 'paid';