// HarkEndpoint tests go here.
