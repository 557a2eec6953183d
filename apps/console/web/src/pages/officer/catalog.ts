import { useQuery } from '@tanstack/react-query';
import { adapterClient } from '../../api/clients';
import { catalogControllerCatalog } from '../../api/generated/adapter';
import type { CatalogControllerCatalogResponse } from '../../api/generated/adapter/types.gen';

export type Catalog = CatalogControllerCatalogResponse;
export type CatalogService = Catalog['services'][number];

/** What this officer's agency may do, from the verified global configuration (GET /v1/catalog). */
export function useCatalog(member: string) {
  return useQuery({
    queryKey: ['catalog', member],
    queryFn: async () => (await catalogControllerCatalog({ client: adapterClient(member) })).data,
    staleTime: 60_000,
  });
}
