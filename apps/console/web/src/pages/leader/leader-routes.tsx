import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from '../not-found-page';
import { DashboardPage } from './dashboard-page';

/** A leader's pages: the dashboard of figures (loaded, with its charts, only when a leader opens it). */
export default function LeaderRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="dashboard" replace />} />
      <Route path="dashboard" element={<DashboardPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
