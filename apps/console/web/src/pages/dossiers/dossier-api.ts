import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { adapterClient } from '../../api/clients';
import { dossiersControllerDossier, dossiersControllerList } from '../../api/generated/adapter';
import type {
  DossiersControllerDossierResponse,
  DossiersControllerListData,
  DossiersControllerListResponse,
} from '../../api/generated/adapter/types.gen';

/** The civil-status service (member CIV) keeps the dossiers of births and deaths. */
export const CIVIL_STATUS = 'CIV';

export type Dossier = DossiersControllerDossierResponse;
export type DossierSummary = DossiersControllerListResponse['dossiers'][number];
export type DossierQuery = NonNullable<DossiersControllerListData['query']>;

/** A page of dossiers (the officer's filters, or a citizen's own). */
export function useDossierList(query: DossierQuery) {
  return useQuery({
    queryKey: ['dossiers', query],
    queryFn: async () =>
      (await dossiersControllerList({ client: adapterClient(CIVIL_STATUS), query })).data,
  });
}

/** Where a live dossier stands: its latest view and whether the stream still follows it. */
export interface LiveDossier {
  readonly dossier: Dossier | undefined;
  readonly error: unknown;
  readonly live: 'connecting' | 'live' | 'ended' | 'reconnecting';
}

/**
 * A dossier, then its server-sent events (`GET /v1/dossiers/{id}/events` through the console's
 * back end, which adds the token): each `dossier` event replaces the view, `end` closes the
 * stream once the dossier is complete or refused. EventSource reconnects by itself if the stream
 * is cut.
 */
export function useLiveDossier(id: string): LiveDossier {
  const first = useQuery({
    queryKey: ['dossier', id],
    queryFn: async () =>
      (await dossiersControllerDossier({ client: adapterClient(CIVIL_STATUS), path: { id } })).data,
  });
  const [latest, setLatest] = useState<Dossier | undefined>(undefined);
  const [live, setLive] = useState<LiveDossier['live']>('connecting');
  const ready = first.data !== undefined;
  const finished = first.data !== undefined && first.data.status !== 'IN_PROGRESS';
  useEffect(() => {
    if (!ready) {
      return undefined;
    }
    if (finished) {
      setLive('ended');
      return undefined;
    }
    const source = new EventSource(
      `/api/upstream/${CIVIL_STATUS}/v1/dossiers/${encodeURIComponent(id)}/events`,
    );
    source.addEventListener('open', () => setLive('live'));
    source.addEventListener('dossier', (event) => {
      setLatest(JSON.parse((event as MessageEvent<string>).data) as Dossier);
    });
    source.addEventListener('end', () => {
      setLive('ended');
      source.close();
    });
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) {
        setLive('reconnecting');
      }
    });
    return () => source.close();
  }, [id, ready, finished]);
  return { dossier: latest ?? first.data, error: first.error, live };
}
