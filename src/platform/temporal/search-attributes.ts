// Typed search attributes: how operators filter every process in the Temporal UI. Pure: workflows import them.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SPACE_ID = defineSearchAttributeKey('SpaceId', SearchAttributeType.KEYWORD);
export const COMPANY_NAME = defineSearchAttributeKey('CompanyName', SearchAttributeType.KEYWORD);
/** The lifecycle status of the process (an invitation's status for invitation workflows). */
export const PROCESS_STATUS = defineSearchAttributeKey('ProcessStatus', SearchAttributeType.KEYWORD);
export const AUTHORITY = defineSearchAttributeKey('Authority', SearchAttributeType.KEYWORD);
export const SECTION = defineSearchAttributeKey('Section', SearchAttributeType.KEYWORD);
/**
 * Every space a process concerns (a mandate: the mandator's and each registered delegate's), so each of them finds
 * it. Search attributes are indexed in clear (codecs do not seal them): ids and company names only, never personal
 * data.
 */
export const SPACE_IDS = defineSearchAttributeKey('SpaceIds', SearchAttributeType.KEYWORD_LIST);
export const SEARCH_ATTRIBUTE_KEYS = [SPACE_ID, COMPANY_NAME, PROCESS_STATUS, AUTHORITY, SECTION, SPACE_IDS];

