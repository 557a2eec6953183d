import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from '../not-found-page';
import { EvidencePage } from './evidence-page';
import { HealthPage } from './health-page';
import { LineagePage } from './lineage-page';
import { SearchPage } from './search-page';

/** The auditor's pages: search the log, lineage, evidence checked in the browser, log health. */
export default function AuditRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="search" replace />} />
      <Route path="search" element={<SearchPage />} />
      <Route path="lineage" element={<LineagePage />} />
      <Route path="evidence/:messageId?" element={<EvidencePage />} />
      <Route path="health" element={<HealthPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
