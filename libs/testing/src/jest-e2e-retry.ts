// End-to-end tests run several apps, NATS and PostgreSQL on a shared 2-core machine. A test that
// fails is run once more, with the first failure printed, so a load spike is told apart from a
// defect; a test that fails twice fails the run.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
