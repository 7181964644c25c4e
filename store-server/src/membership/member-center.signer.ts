import { signedHeaders } from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { StoreSetupService } from '../transfer/store-setup.service';
import { MemberCenterAuth } from './member-center.client';
import { HqAddress } from './member-settings.service';

/**
 * The store proves itself to HQ's member center the way its sync does: each request signed with the
 * store key from 门店系统初始化. Before setup there is no key: requests go unsigned and HQ's 401
 * comes back as MEMBER_CENTER_REJECTED.
 */
@Injectable()
export class TransferSignedMemberCenterAuth extends MemberCenterAuth {
  constructor(private readonly setup: StoreSetupService) {
    super();
  }

  async headers(request: { method: string; path: string; body: string }): Promise<Record<string, string>> {
    const link = await this.setup.link();
    return link ? signedHeaders(link.key, link.storeCode, request.method, request.path, request.body) : {};
  }
}

/** The member center defaults to the HQ this store was set up against. */
@Injectable()
export class SetupHqAddress extends HqAddress {
  constructor(private readonly setup: StoreSetupService) {
    super();
  }

  async current(): Promise<string | null> {
    return (await this.setup.link())?.hqUrl ?? null;
  }
}
