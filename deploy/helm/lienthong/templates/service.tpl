{{- /* One ClusterIP Service per enabled app: the trust API, the audit API, each adapter's consumer API. */ -}}
{{- range $name, $app := .Values.apps }}
{{- if $app.enabled }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "lienthong.appName" (dict "root" $ "app" $name) }}
  labels:
    {{- include "lienthong.labels" $ | nindent 4 }}
    {{- include "lienthong.selectorLabels" (dict "root" $ "app" $name) | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "lienthong.selectorLabels" (dict "root" $ "app" $name) | nindent 4 }}
  ports:
    - name: http
      port: {{ $app.port }}
      targetPort: http
      protocol: TCP
{{- end }}
{{- end }}
