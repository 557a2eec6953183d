import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from '../not-found-page';
import { MembersPage } from './members-page';
import { RightsPage } from './rights-page';
import './operator.css';

/** The operators' pages (issue 13, items 5, 7, 8): the trust service's people run the bus here. */
export default function OperatorRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="members" replace />} />
      <Route path="members" element={<MembersPage />} />
      <Route path="rights" element={<RightsPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
