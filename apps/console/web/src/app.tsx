import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { type Person, useSession } from './api/session';
import { ProblemMessage } from './components/problem-message';
import { Shell } from './layout/shell';
import { NotFoundPage } from './pages/not-found-page';
import { SignInPage } from './pages/sign-in-page';

// each role's pages load when that role opens them: the first load stays small
const OfficerRoutes = lazy(() => import('./pages/officer/officer-routes'));
const CitizenRoutes = lazy(() => import('./pages/citizen/citizen-routes'));
const StaffRoutes = lazy(() => import('./pages/staff/staff-routes'));
const OperatorRoutes = lazy(() => import('./pages/operator/operator-routes'));
const AuditRoutes = lazy(() => import('./pages/audit/audit-routes'));
const LeaderRoutes = lazy(() => import('./pages/leader/leader-routes'));

/** Where each role starts. */
export function homeOf(person: Person): string {
  switch (person.role) {
    case 'officer':
      return '/officer/lookup';
    case 'citizen':
      return '/citizen/accesses';
    case 'auditor':
      return '/audit/search';
    case 'operator':
      return '/staff';
    case 'leader':
      return '/leader/dashboard';
  }
}

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

function RequireRole(props: { roles: Person['role'][]; person: Person; children: ReactNode }) {
  if (!props.roles.includes(props.person.role)) {
    return <Navigate to={homeOf(props.person)} replace />;
  }
  return <Suspense fallback={<Loading />}>{props.children}</Suspense>;
}

/** Routing per role on one shared layout; signed-out visitors see the sign-in page. */
export function App() {
  const session = useSession();
  if (session.isPending) {
    return <Loading />;
  }
  if (session.isError) {
    return (
      <main id="main" className="centered">
        <ProblemMessage error={session.error} />
      </main>
    );
  }
  const current = session.data;
  if (!current) {
    return <SignInPage />;
  }
  const { person } = current;
  return (
    <Shell session={current}>
      <Routes>
        <Route path="/" element={<Navigate to={homeOf(person)} replace />} />
        <Route
          path="/officer/*"
          element={
            <RequireRole roles={['officer']} person={person}>
              <OfficerRoutes />
            </RequireRole>
          }
        />
        <Route
          path="/citizen/*"
          element={
            <RequireRole roles={['citizen']} person={person}>
              <CitizenRoutes />
            </RequireRole>
          }
        />
        <Route
          path="/staff/*"
          element={
            <RequireRole roles={['auditor', 'operator']} person={person}>
              <StaffRoutes />
            </RequireRole>
          }
        />
        <Route
          path="/audit/*"
          element={
            <RequireRole roles={['auditor']} person={person}>
              <AuditRoutes />
            </RequireRole>
          }
        />
        <Route
          path="/leader/*"
          element={
            <RequireRole roles={['leader']} person={person}>
              <LeaderRoutes />
            </RequireRole>
          }
        />
        <Route
          path="/operator/*"
          element={
            <RequireRole roles={['operator']} person={person}>
              <OperatorRoutes />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Shell>
  );
}
