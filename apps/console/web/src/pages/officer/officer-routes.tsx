import { Navigate, Route, Routes } from 'react-router';
import { useSession } from '../../api/session';
import { NotFoundPage } from '../not-found-page';
import { LookupPage } from './lookup-page';

/** The officer's pages; each works through the officer's own agency's adapter only. */
export default function OfficerRoutes() {
  const person = useSession().data?.person;
  if (!person) {
    return null;
  }
  return (
    <Routes>
      <Route index element={<Navigate to="lookup" replace />} />
      <Route path="lookup" element={<LookupPage person={person} />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
