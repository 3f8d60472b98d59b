// Loopback only: @apollo/gateway >= 2.14 would otherwise start usage telemetry
// and probe cloud metadata addresses.
process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.NODE_ENV = 'test';
