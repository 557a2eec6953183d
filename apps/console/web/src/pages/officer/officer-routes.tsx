import { Navigate, Route, Routes } from 'react-router';
import { useSession } from '../../api/session';
import { NotFoundPage } from '../not-found-page';
import { BirthPage } from './birth-page';
import { DeathPage } from './death-page';
import { DossiersPage, OfficerDossierPage } from './dossiers-page';
import { LookupPage } from './lookup-page';
import { ProfilePage } from './profile-page';

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
      <Route path="profile" element={<ProfilePage person={person} />} />
      <Route path="births/new" element={<BirthPage person={person} />} />
      <Route path="deaths/new" element={<DeathPage person={person} />} />
      <Route path="dossiers" element={<DossiersPage />} />
      <Route path="dossiers/:id" element={<OfficerDossierPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
