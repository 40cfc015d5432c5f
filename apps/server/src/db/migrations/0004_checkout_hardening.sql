-- Stock counters spread over slots (written by hand: drizzle-kit cannot rename a primary key).
ALTER TABLE "sku_stock" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sku_stock" DROP CONSTRAINT "sku_stock_pkey";--> statement-breakpoint
ALTER TABLE "sku_stock" ADD CONSTRAINT "sku_stock_sku_id_slot_pk" PRIMARY KEY("sku_id","slot");
