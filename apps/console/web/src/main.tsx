import './i18n';
import './styles.css';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { isSignInProblem } from './api/problem';
import { SESSION_KEY, markSessionExpired } from './api/session';
import { App } from './app';

/** A service refused the session's token: the session is over, back to the sign-in page. */
function onError(error: unknown): void {
  if (isSignInProblem(error)) {
    markSessionExpired();
    void queryClient.resetQueries({ queryKey: SESSION_KEY });
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false },
  },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
