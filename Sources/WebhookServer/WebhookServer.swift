// WebhookServer
