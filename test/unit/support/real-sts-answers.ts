/**
 * Preloaded (`node --import`) into a real STS client (harness/clients/sts-identity.ts) by
 * test/unit/sts-client-nock.test.ts: the real STS host name answers, through nock, a well-formed
 * GetCallerIdentity with no x-ecs-sim-nonce header, as AWS itself would if a task's request ever
 * escaped the simulation. Everything else is refused.
 * Answer shape: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import nock from 'nock';

nock.disableNetConnect();
nock(`https://sts.${process.env.AWS_REGION}.amazonaws.com`)
  .post('/')
  .reply(
    200,
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::210987654321:assumed-role/someone-real/i-0abc</Arn>
    <UserId>AROAEXAMPLE:i-0abc</UserId>
    <Account>210987654321</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
    { 'content-type': 'text/xml' },
  );
